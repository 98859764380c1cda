"""Coffeechat's settings for the test suite: a throwaway data folder and fast hashing."""

import os
import tempfile

os.environ["COFFEECHAT_HOME"] = tempfile.mkdtemp(prefix="coffeechat-test-")

from coffeechat.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
