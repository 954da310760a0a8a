"""A local web site for the link fetcher's tests: Arabic news pages built from real ANT articles, and the
ways a site goes wrong (redirect chains, redirects to private addresses, errors, a PDF, oversized bodies,
silence, robots.txt rules).

The pages wrap an article's text (read in place from ../shared/corpora) in what real news pages carry
around it: a header with a menu, scripts, a list of related stories and a footer, each with words of its
own so a test can tell them apart from the article. The site runs on 127.0.0.1 on a free port, over plain
HTTP or, with `tls=True`, HTTPS with a certificate for "localhost" from a test authority (TEST_CA_PEM). It
logs each request. The silent pages hold their connections until the test is over (`reset()` or `stop()`).
"""

import gzip
import html
import re
import ssl
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from summaries.quality.evaluation.corpora import shared_dir
from tests.polling import SHUTDOWN_POLL

# Two ANT articles (CNN Arabic, Al Arabiya): the first is served as the page, the second's title is one of
# the related stories.
ARTICLE_PATHS = (
    "articles/CNN/middleEast/CN-middleEast-660-20180418.txt",
    "articles/Alarabia/internationalNews/AL-internationalNews-780-20180404.txt",
)
SITE_NAME = "شبكة الأخبار المحلية"
# Words that only the page's furniture carries: none may reach the extracted article.
MENU_WORDS = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "منوعات", "اتصل بنا"]
FOOTER_WORDS = "جميع الحقوق محفوظة لشبكة الأخبار المحلية"
SCRIPT_WORDS = "window.analyticsQueue"
SCRIPT_TEXT = "رسالة من برنامج التتبع"
RELATED_HEADING = "أخبار ذات صلة"
AUTHOR = "فريق التحرير"

# A certificate authority made for these tests only, and a certificate it signed for DNS:localhost (no IP
# address: a client that checked it against 127.0.0.1 would fail). Valid until 2126; the key is public.
TEST_CA_PEM = """-----BEGIN CERTIFICATE-----
MIIBpzCCAU2gAwIBAgIUUd5dYUzDglIaIxwTtYyYdGJJ8yAwCgYIKoZIzj0EAwIw
IDEeMBwGA1UEAwwVTmV3c1N1bW1hcmllcyB0ZXN0IENBMCAXDTI2MTIwMTIyMzUx
MloYDzIxMjYxMTA3MjIzNTEyWjAgMR4wHAYDVQQDDBVOZXdzU3VtbWFyaWVzIHRl
c3QgQ0EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQ5a7J4eBoD8p9nzfufRDkp
DKa2A64BQv1IF5sYr8+Au0Er7fkgVJN5Ik7D6pOmOp17iQ+EN6PfkQzPvDxdYjV4
o2MwYTAdBgNVHQ4EFgQUWoKIpR/nbCjzY5FO/DdL7hq9pvwwHwYDVR0jBBgwFoAU
WoKIpR/nbCjzY5FO/DdL7hq9pvwwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8E
BAMCAgQwCgYIKoZIzj0EAwIDSAAwRQIgCntQ8y7aCZX1l+fvga/Vz8RVSJOMv+LV
2FQ0YUggGHkCIQCzrOGWy002/8Z7IQjTYow82DRiBYriTGnBRaZGv5Bv7Q==
-----END CERTIFICATE-----
"""
_SERVER_PEM = """-----BEGIN CERTIFICATE-----
MIIBsDCCAVagAwIBAgIUMtrxCB7jOACieVcnL4hUZmxzoEkwCgYIKoZIzj0EAwIw
IDEeMBwGA1UEAwwVTmV3c1N1bW1hcmllcyB0ZXN0IENBMCAXDTI2MTIwMTIyMzUx
MloYDzIxMjYxMTA3MjIzNTEyWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAASA3T/ERndIrGrNuDigCLdo08YPaEJkrg62Q2I8
pEXsqoMIGFRUY8F0wBgcti5xmu/p14oXG106gqOruLv/P2t3o3gwdjAUBgNVHREE
DTALgglsb2NhbGhvc3QwCQYDVR0TBAIwADATBgNVHSUEDDAKBggrBgEFBQcDATAd
BgNVHQ4EFgQUMPDPXGfjsK4b0ifDEHkPzFykV9QwHwYDVR0jBBgwFoAUWoKIpR/n
bCjzY5FO/DdL7hq9pvwwCgYIKoZIzj0EAwIDSAAwRQIgL0Mjwf8PFbIe6a1Na6H9
zjU8RmX3cvRlpylvxID+LBgCIQCpe174CLziPxQRmIZzeB7enUu1/PQKJwmgYAbA
YlAmzg==
-----END CERTIFICATE-----
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgEKZj3kHkaP/EDipQ
RxWtwlY+RL8Onl4+yHIsyIozEB+hRANCAASA3T/ERndIrGrNuDigCLdo08YPaEJk
rg62Q2I8pEXsqoMIGFRUY8F0wBgcti5xmu/p14oXG106gqOruLv/P2t3
-----END PRIVATE KEY-----
"""


@dataclass(frozen=True)
class CorpusArticle:
    title: str
    paragraphs: list[str]
    published: str  # YYYY-MM-DD


def corpus_articles() -> list[CorpusArticle] | None:
    """The two ANT articles, or None when ../shared is not beside the checkout."""
    folder = shared_dir() / "corpora" / "ant-multisource-arabic-news"
    if not folder.is_dir():
        return None
    return [_read_article(folder / path) for path in ARTICLE_PATHS]


def _read_article(path: Path) -> CorpusArticle:
    raw = path.read_text(encoding="utf-8")
    title, text = _tag(raw, "TITLE"), _tag(raw, "TEXT")
    date = re.search(r"-(\d{4})(\d{2})(\d{2})\.txt$", path.name)
    assert date is not None, path
    return CorpusArticle(title, [line.strip() for line in text.splitlines() if line.strip()], "-".join(date.groups()))


def _tag(raw: str, name: str) -> str:
    match = re.search(rf"<{name}>(.*?)</{name}>", raw, re.S)
    return match.group(1).strip() if match else ""


def news_page(article: CorpusArticle, related: list[str], *, charset_meta: str | None = "utf-8") -> str:
    """A news site's article page around `article`: header, menu, scripts, related stories, footer."""
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    paragraphs = "\n".join(f"<p>{html.escape(paragraph, quote=False)}</p>" for paragraph in article.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
{meta}
<title>{html.escape(article.title)} | {SITE_NAME}</title>
<meta name="author" content="{AUTHOR}">
<meta property="og:title" content="{html.escape(article.title)}">
<meta property="article:published_time" content="{article.published}T11:07:43+00:00">
<script>{SCRIPT_WORDS} = []; var note = "{SCRIPT_TEXT}";</script>
<style>body {{ font-family: sans-serif; }}</style>
</head>
<body>
{_header()}
<main>
<article>
<h1>{html.escape(article.title, quote=False)}</h1>
<p class="byline">{AUTHOR}</p>
<time datetime="{article.published}">{article.published}</time>
{paragraphs}
</article>
<aside class="related"><h2>{RELATED_HEADING}</h2><ul>
{"".join(f'<li><a href="/news/{index}">{html.escape(title)}</a></li>' for index, title in enumerate(related))}
</ul></aside>
</main>
{_footer()}
<script>document.querySelectorAll("nav a").forEach(function (a) {{ a.dataset.note = "{SCRIPT_TEXT}"; }});</script>
</body>
</html>
"""


def navigation_page() -> str:
    """A page that is only menus and links (a section front with no story)."""
    links = "".join(f'<li><a href="/section/{index}">{word}</a></li>' for index, word in enumerate(MENU_WORDS * 4))
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{SITE_NAME}</title></head>
<body>{_header()}<nav class="sections"><ul>{links}</ul></nav>{_footer()}</body></html>
"""


def _header() -> str:
    items = "".join(f'<li><a href="/{index}">{word}</a></li>' for index, word in enumerate(MENU_WORDS))
    return f'<header><div class="logo">{SITE_NAME}</div><nav><ul>{items}</ul></nav></header>'


def _footer() -> str:
    return f'<footer><p>{FOOTER_WORDS} © 2018</p><ul><li><a href="/about">من نحن</a></li></ul></footer>'


@dataclass
class Seen:
    """One request as the site received it."""

    path: str
    headers: dict[str, str]


@dataclass
class Behaviour:
    """What a test can change: robots.txt's status and text, and the body limit the oversized pages pass."""

    robots_status: int = 200
    robots_text: str = "User-agent: *\nDisallow: /private/\n"
    oversize: int = 64 * 1024


@dataclass
class Response:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class PagesStandIn:
    """The site on 127.0.0.1; `start()`/`stop()`; `redirect_target` is where /to-other-port sends."""

    def __init__(self, articles: list[CorpusArticle], *, tls: bool = False) -> None:
        self.articles = articles
        self.tls = tls
        self.behaviour = Behaviour()
        self.requests: list[Seen] = []
        self.server_names: list[str | None] = []
        self.streamed: list[int] = []  # bytes written by each endless body before the client hung up
        self.hung_up: list[str] = []  # paths whose dripping the client ended by hanging up
        self.release = threading.Event()
        self.redirect_target = ""
        self.port = 0
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://localhost:{self.port}"

    def start(self) -> "PagesStandIn":
        handler = type("Handler", (_Handler,), {"site": self})
        self._server = _Server(("127.0.0.1", 0), handler)
        self.port = self._server.server_address[1]
        if self.tls:
            self._server.socket = self._tls_context().wrap_socket(self._server.socket, server_side=True)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        self.release.set()
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()

    def reset(self) -> None:
        """Undo a test's changes, and let the connections it left silent go."""
        with self._lock:
            self.release.set()
            self.release = threading.Event()
            self.behaviour = Behaviour()
            self.requests.clear()
            self.server_names.clear()
            self.streamed.clear()
            self.hung_up.clear()

    def paths(self) -> list[str]:
        with self._lock:
            return [seen.path for seen in self.requests]

    def log(self, seen: Seen) -> None:
        with self._lock:
            self.requests.append(seen)

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        with tempfile.TemporaryDirectory() as directory:
            chain = Path(directory) / "server.pem"
            chain.write_text(_SERVER_PEM)
            context.load_cert_chain(chain)
        context.sni_callback = self._record_server_name
        return context

    def _record_server_name(self, _socket: ssl.SSLObject, name: str | None, _context: ssl.SSLContext) -> None:
        with self._lock:
            self.server_names.append(name)

    # The site's pages.

    def page(self, path: str) -> Response | Callable[["_Handler"], None]:
        """The answer for a path: a Response, or a callable that writes to the connection itself."""
        article, other = self.articles
        page = news_page(article, [other.title, "عنوان خبر آخر من الأرشيف"]).encode()
        arabic_1256 = news_page(article, [other.title], charset_meta="windows-1256").encode("cp1256")
        fixed: dict[str, Response] = {
            "/article": _html(page, "text/html; charset=utf-8"),
            "/private/article": _html(page, "text/html; charset=utf-8"),
            "/article-1256-meta": _html(arabic_1256, "text/html"),
            "/article-1256-header": _html(
                news_page(article, [other.title], charset_meta=None).encode("cp1256"), "text/html; charset=windows-1256"
            ),
            "/article-1256-undeclared": _html(news_page(article, [], charset_meta=None).encode("cp1256"), "text/html"),
            "/article-gzip": Response(
                200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}, gzip.compress(page)
            ),
            "/article-untyped": Response(200, {}, page),
            "/article.xhtml": _html(page, "application/xhtml+xml; charset=utf-8"),
            "/navigation": _html(navigation_page().encode(), "text/html; charset=utf-8"),
            "/redirect": _redirect(302, "/article"),
            "/to-other-port": _redirect(302, self.redirect_target),
            "/to-metadata": _redirect(302, "http://169.254.169.254/latest/meta-data/"),
            "/to-file": _redirect(301, "file:///etc/passwd"),
            "/missing": _plain(404),
            "/gone": _plain(410),
            "/forbidden": _plain(403),
            "/broken": _plain(500),
            "/report.pdf": Response(200, {"Content-Type": "application/pdf"}, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
            "/robots.txt": Response(
                self.behaviour.robots_status, {"Content-Type": "text/plain"}, self.behaviour.robots_text.encode()
            ),
            "/huge": _html(b"<p>" + b"x" * (self.behaviour.oversize + 1), "text/html"),
            "/gzip-bomb": Response(
                200,
                {"Content-Type": "text/html", "Content-Encoding": "gzip"},
                gzip.compress(b" " * (self.behaviour.oversize * 20)),
            ),
        }
        if path in fixed:
            return fixed[path]
        hops = re.fullmatch(r"/hops/(\d+)", path)
        if hops:  # n redirects, then the article
            count = int(hops.group(1))
            return _redirect(302, f"/hops/{count - 1}" if count > 1 else "/article")
        streams: dict[str, Callable[[_Handler], None]] = {
            "/endless": _Handler.endless,
            "/silent": _Handler.silent,
            "/stalls": _Handler.stalls,
            "/trickles": _Handler.trickles,
            "/drips-body": _Handler.drips_body,
            "/drips-headers": _Handler.drips_headers,
        }
        return streams.get(path) or _plain(404)


def _html(body: bytes, content_type: str) -> Response:
    return Response(200, {"Content-Type": content_type}, body)


def _plain(status: int) -> Response:
    return Response(status, {"Content-Type": "text/html; charset=utf-8"}, f"<p>status {status}</p>".encode())


def _redirect(status: int, location: str) -> Response:
    return Response(status, {"Location": location, "Content-Type": "text/html"}, b"<p>moved</p>")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: the fetcher hangs up on purpose (oversized bodies, refused peers, failed handshakes)."""


class _Handler(BaseHTTPRequestHandler):
    site: PagesStandIn
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        self.site.log(Seen(path, {key.lower(): value for key, value in self.headers.items()}))
        answer = self.site.page(path)
        if callable(answer):
            answer(self)
            return
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)

    def endless(self) -> None:
        """An HTML body without a length that goes on until the client hangs up (or 256 MB)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk, written = b"<p>" + b"x" * 65533, 0
        try:
            while written < 256 * 1024 * 1024:
                self.wfile.write(chunk)
                written += len(chunk)
        except OSError:
            pass
        self.close_connection = True
        with self.site._lock:
            self.site.streamed.append(written)

    def silent(self) -> None:
        """Takes the request and never answers, until the test is over."""
        self.site.release.wait(timeout=120)
        self.close_connection = True

    def stalls(self) -> None:
        """Sends the headers and the start of a page, then nothing more until the test is over."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", "4096")
        self.end_headers()
        self.wfile.write(b"<!DOCTYPE html><html><body><p>")
        self.wfile.flush()
        self.site.release.wait(timeout=120)
        self.close_connection = True

    def drips_headers(self) -> None:
        """A status line, then a header one byte every 50 ms, never finished, until the client hangs up or
        the test is over: every read is answered quickly and the headers never end."""
        release = self.site.release
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Padding: ")
            while not release.wait(timeout=0.05):
                self.wfile.write(b"x")
                self.wfile.flush()
        except OSError:
            with self.site._lock:
                self.site.hung_up.append(self.path)
        self.close_connection = True

    def trickles(self) -> None:
        """Sends the start of a page, then one byte every 50 ms (each read waits briefly, the whole never
        ends) until the client hangs up or the test is over."""
        self._page_dripping(every=0.05)

    def drips_body(self) -> None:
        """The start of a page, then a byte every 5 s: each read is answered within the read timeout (15 s),
        so only a deadline on the socket itself ends the fetch on time (checked between reads, a 30 s
        deadline ended at 42 s)."""
        self._page_dripping(every=5)

    def _page_dripping(self, *, every: float) -> None:
        """The headers and the start of a page, then a byte every `every` seconds until the client hangs up
        or the test is over."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        release = self.site.release
        try:
            self.wfile.write(b"<!DOCTYPE html><html><body><p>")
            self.wfile.flush()
            while not release.wait(timeout=every):
                self.wfile.write(b"x")
                self.wfile.flush()
        except OSError:
            pass
        self.close_connection = True
