"""Coffeechat's settings for the test suite: a throwaway data folder and fast hashing."""

import atexit
import os
import shutil
import tempfile

os.environ["COFFEECHAT_HOME"] = tempfile.mkdtemp(prefix="coffeechat-test-")
atexit.register(shutil.rmtree, os.environ["COFFEECHAT_HOME"], ignore_errors=True)

from coffeechat.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Login throttling stays out of the way of the suite; tests/test_hosted.py turns it on to prove it.
AXES_ENABLED = False
