"""Publishing settings: development settings with absolute URLs, a clean output folder and
anonymisation that cannot be switched off."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
PUBLISHING = True
ANONYMISE = True
