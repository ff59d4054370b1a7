"""Web crawl: the hyperlink network around organisations' websites.

``crawl`` fetches pages from seed URLs and records ``WebPage`` entities and
``LINKS_TO`` ties in Neo4j, grouped into web entities (Hyphe-style);
``colink`` finds the entities that several seeds link to (Issue Crawler).
See docs/crawl.md.
"""

from netnp.crawl.colink import colink, jobs
from netnp.crawl.crawler import Crawler, CrawlOptions, CrawlReport, crawl
from netnp.crawl.fetch import DEFAULT_USER_AGENT, FetchSettings
from netnp.crawl.seeds import Seed, read_seeds

__all__ = ["CrawlOptions", "CrawlReport", "Crawler", "DEFAULT_USER_AGENT", "FetchSettings", "Seed",
           "colink", "crawl", "jobs", "read_seeds"]
