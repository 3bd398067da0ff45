"""Ranked Vietnamese search over the archive: one query language, parsed here, for PostgreSQL and SQLite.

The query language (as on search engines): words (every one must occur), ``"a phrase"`` (its words side by
side, in order), ``-word`` and ``-"a phrase"`` (must not occur), ``word*`` (a prefix). Everything is compared
folded: no tones or marks, đ → d, lower case, NFC or NFD alike ("hoà" = "hòa" = "HOA"). A word that punctuation
splits ("TB-UBND", "12/2024") is a phrase of its parts. User text is never put into SQL: the query is parsed
into lexemes of letters and digits only, and handed over as a bound parameter (a ``tsquery`` literal on
PostgreSQL, an FTS5 MATCH expression on SQLite).

PostgreSQL: ``entries.tsv`` (``simple`` configuration over ``vi_words`` = ``vi_fold`` with ASCII punctuation as
spaces; the subject weighted A, the whole text D) under a GIN index. SQLite: the contentless FTS5 table
``entries_fts(scope, subject, body)``, folded đ → d here and the marks removed by ``unicode61 remove_diacritics
2``; ``scope`` holds ``a<agency id> y<year> k<kind>`` tokens so the index itself keeps to one agency.

Ranking: documents holding all the query's words side by side come first (a phrase match), then
``ts_rank_cd`` (PostgreSQL) or ``bm25`` (SQLite, subject weighted 10, text 1), then the newest. Ranking reads
every document it ranks, so it is bounded: the WINDOW most recently registered matches of the agency are
ranked (all of them when fewer match, which is the usual case once a query has two or three words); a word
found in most documents of a large archive is then ranked among the newest WINDOW, and the result says so
(:attr:`Results.capped`) so the person can add a word, a year or a kind.

A phrase (PostgreSQL) needs each candidate's word positions, read from its stored tsvector, so only the newest
``WINDOW × CANDIDATES`` documents holding all its words are checked. Finding the newest of them through the GIN
index visits every document of the agency holding all the words (the index yields them unordered), which grows
with the archive. So a phrase is looked for first in the agency's newest PHRASE_SPAN documents (after the year,
kind and date filters): when they hold a page of matches (``limit``), those are ranked and the result says so
(:attr:`Ranked.span`: add a year, a kind or dates to reach older documents); otherwise (a rare phrase, a small
agency) every document is looked in, as before. The documents visited are then bounded by PHRASE_SPAN whatever
the archive's size, except for a phrase of common words that is rare itself.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, text

from notices import vn
from notices.errors import UserError

WINDOW = {"postgresql": 1000, "sqlite": 2000}  # matches ranked at most (the newest ones): see the module text
CANDIDATES = 2  # PostgreSQL, a query with a phrase: the newest WINDOW × 2 documents with all its words are checked
PHRASE_SPAN = 10_000  # … and then its phrase is looked for in the agency's newest PHRASE_SPAN documents
MAX_TERMS = 16
WEIGHTS = (0.0, 10.0, 1.0)  # bm25 weights of scope, subject, body
PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"  # ASCII punctuation: word separators on both engines
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    """One part of a query: a word, or a phrase of several words; excluded when ``negated``."""

    words: tuple[str, ...]
    negated: bool = False
    prefix: bool = False  # the last word is a prefix

    def tsquery(self) -> str:
        parts = [f"'{w}'" for w in self.words]
        if self.prefix:
            parts[-1] += ":*"
        body = " <-> ".join(parts)
        body = f"({body})" if len(parts) > 1 else body
        return f"!{body}" if self.negated else body

    def fts5(self) -> str:
        return '"' + " ".join(self.words) + '"' + (" *" if self.prefix else "")


@dataclass(frozen=True)
class Query:
    """A parsed query: its terms, in the order written."""

    terms: tuple[Term, ...]

    @property
    def positive(self) -> list[Term]:
        return [t for t in self.terms if not t.negated]

    @property
    def lexemes(self) -> set[str]:
        """The folded words searched for (for excerpts)."""
        return {w for t in self.positive for w in t.words}

    @property
    def prefixes(self) -> set[str]:
        return {t.words[-1] for t in self.positive if t.prefix}

    def phrase(self) -> Term | None:
        """All the positive words side by side, in order: documents holding them so rank first."""
        words = tuple(w for t in self.positive for w in t.words)
        if len(words) < 2 or len(self.positive) < 2:
            return None
        return Term(words, prefix=self.positive[-1].prefix)

    def tsquery(self) -> str:
        return " & ".join(t.tsquery() for t in self.terms)

    def loose(self) -> str:
        """The tsquery without word order: every word of every positive term, exclusions kept only when they
        are single words. The GIN index answers it exactly (a phrase needs each document's positions)."""
        parts = [Term((w,), prefix=t.prefix and i == len(t.words) - 1).tsquery()
                 for t in self.positive for i, w in enumerate(t.words)]
        parts += [t.tsquery() for t in self.terms if t.negated and len(t.words) == 1]
        return " & ".join(parts)

    def fts5(self, scope: list[str]) -> str:
        """The FTS5 MATCH expression: the scope tokens, every positive term, NOT every excluded one."""
        columns = "{subject body}"
        expression = " AND ".join([f'scope : "{s}"' for s in scope]
                                  + [f"{columns} : {t.fts5()}" for t in self.positive])
        for term in self.terms:
            if term.negated:
                expression += f" NOT {columns} : {Term(term.words, prefix=term.prefix).fts5()}"
        return expression


def fold_words(value: str) -> list[str]:
    """The folded words of ``value``: letters and digits, no marks, đ → d, lower case."""
    return _WORD.findall(vn.fold(value))


def parse(query: str) -> Query:
    """Parse the query language (words, "phrases", -excluded, prefix*); a Vietnamese message for an empty one."""
    source = unicodedata.normalize("NFC", query)
    terms: list[Term] = []
    for match in re.finditer(r'(-?)"([^"]*)"?(\*?)|(-?)([^\s"]+)', source):
        negated = bool(match[1] or match[4])
        raw = match[2] if match[2] is not None else match[5]
        prefix = bool(match[3]) or (match[5] is not None and match[5].endswith("*"))
        words = tuple(fold_words(raw))
        if words:
            terms.append(Term(words, negated, prefix))
    if len(terms) > MAX_TERMS:
        raise UserError(f"Câu tìm có quá nhiều từ ({len(terms)}); hãy dùng tối đa {MAX_TERMS} từ hoặc cụm từ.")
    if not any(not t.negated for t in terms):
        raise UserError("Cần ít nhất một từ để tìm (từ có dấu trừ “-” ở trước chỉ dùng để loại bớt kết quả).")
    return Query(tuple(terms))


@dataclass(frozen=True)
class Filters:
    """What narrows a search besides the words: year, kind, signer (full name, folded), issue dates."""

    year: int | None = None
    kind: str | None = None
    signer: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def signer_key(self) -> str | None:
        return " ".join(fold_words(self.signer)) if self.signer else None


@dataclass
class Ranked:
    """Ids of the shown documents, best first, and how many matched (at most the window)."""

    ids: list[int]
    matched: int
    capped: bool
    scores: dict[int, float] = field(default_factory=dict)
    span: int | None = None  # a phrase: looked for in the agency's newest ``span`` documents only


def rank(conn: Connection, agency_id: int, query: Query, filters: Filters, limit: int) -> Ranked:
    """The best ``limit`` documents of one agency for ``query`` (see the module text for the order)."""
    if conn.dialect.name == "sqlite":
        return _rank_sqlite(conn, agency_id, query, filters, limit)
    return _rank_postgresql(conn, agency_id, query, filters, limit)


def _filter_sql(filters: Filters, fold: str) -> tuple[str, dict[str, Any]]:
    sql, params = [], {}
    if filters.year is not None:
        sql.append("e.year = :year")
        params["year"] = filters.year
    if filters.kind is not None:
        sql.append("e.kind = :kind")
        params["kind"] = filters.kind
    if filters.date_from is not None:
        sql.append("e.issued_on >= :date_from")
        params["date_from"] = filters.date_from
    if filters.date_to is not None:
        sql.append("e.issued_on <= :date_to")
        params["date_to"] = filters.date_to
    if filters.signer_key():
        sql.append(f"{fold} = :signer")
        params["signer"] = filters.signer_key()
    return "".join(f" AND {s}" for s in sql), params


def _rank_postgresql(conn: Connection, agency_id: int, query: Query, filters: Filters, limit: int) -> Ranked:
    window = WINDOW["postgresql"]
    # The signer's name folded as the query is (vi_words leaves ASCII only: A-Z → a-z is the whole of the case).
    where, params = _filter_sql(filters, "btrim(regexp_replace(translate(public.vi_words(e.signer_name), "
                                         f"'{string.ascii_uppercase}', '{string.ascii_lowercase}'), '\\s+', ' ', 'g'))")
    phrase = query.phrase()
    first = "m.tsv @@ CAST(:phrase AS tsquery)" if phrase else "false"
    if phrase:
        params["phrase"] = phrase.tsquery()
    loose = query.loose()
    # The agency's newest matches: the GIN index finds rare words; common ones are read newest first along
    # (agency_id, id) until the window is full. A phrase needs each document's positions (its tsvector read
    # from TOAST), so it is checked only on the newest CANDIDATES documents holding all its words.
    inner = ("SELECT e.id, e.issued_on, e.tsv FROM entries e"
             f" WHERE e.agency_id = :agency AND e.tsv @@ CAST(:loose AS tsquery){where}"
             " ORDER BY e.agency_id DESC, e.id DESC LIMIT :candidates")

    def run(low: int | None) -> Ranked:
        if loose == query.tsquery():
            newest, candidates = inner, window
        else:
            bounded = inner.replace(" ORDER BY", " AND e.id >= :low ORDER BY") if low is not None else inner
            newest = (f"SELECT c.id, c.issued_on, c.tsv FROM ({bounded}) c WHERE c.tsv @@ CAST(:q AS tsquery)"
                      " ORDER BY c.id DESC LIMIT :window")
            candidates = window * CANDIDATES
        rows = conn.execute(text(
            f"WITH m AS MATERIALIZED ({newest})"
            f" SELECT m.id, (SELECT count(*) FROM m) AS matched, {first} AS phrase,"
            " ts_rank_cd(m.tsv, CAST(:q AS tsquery)) AS score"
            " FROM m ORDER BY 3 DESC, 4 DESC, m.issued_on DESC, m.id DESC LIMIT :limit"
        ), {**params, "agency": agency_id, "q": query.tsquery(), "loose": loose, "window": window,
            "candidates": candidates, "limit": limit, "low": low}).all()
        matched = rows[0].matched if rows else 0
        return Ranked([r.id for r in rows], matched, matched >= window or low is not None,
                      {r.id: float(r.score) + (1.0 if r.phrase else 0.0) for r in rows},
                      PHRASE_SPAN if low is not None else None)

    if loose != query.tsquery():  # a phrase: the agency's newest PHRASE_SPAN documents first (module text)
        span_where, span_params = _filter_sql(Filters(filters.year, filters.kind, None, filters.date_from,
                                                      filters.date_to), "")
        low = conn.execute(text(
            f"SELECT e.id FROM entries e WHERE e.agency_id = :agency{span_where}"
            " ORDER BY e.agency_id DESC, e.id DESC OFFSET :span LIMIT 1"
        ), {**span_params, "agency": agency_id, "span": PHRASE_SPAN - 1}).scalar()
        if low is not None:  # the agency holds more documents than the span
            ranked = run(low)
            if ranked.matched >= limit:
                return ranked
    return run(None)


def _rank_sqlite(conn: Connection, agency_id: int, query: Query, filters: Filters, limit: int) -> Ranked:
    window = WINDOW["sqlite"]
    raw = conn.connection.driver_connection
    raw.create_function("notices_fold", 1, lambda v: " ".join(fold_words(v)) if v else None, deterministic=True)
    scope = [f"a{agency_id}"]
    if filters.year is not None:
        scope.append(f"y{filters.year}")
    if filters.kind is not None:
        scope.append(f"k{_token(filters.kind)}")
    where, params = _filter_sql(Filters(None, None, filters.signer, filters.date_from, filters.date_to),
                                "notices_fold(e.signer_name)")
    for key in ("date_from", "date_to"):
        if key in params:
            params[key] = params[key].isoformat()
    phrase = query.phrase()
    params.update(m=query.fts5(scope), window=window, limit=limit,
                  phrase=Query((phrase,)).fts5(scope) if phrase else None)
    # The newest WINDOW matches (the FTS index walked newest first, each row's filters checked), then bm25 of
    # those and whether they hold the phrase, all in one statement.
    rows = raw.execute(
        "WITH w AS MATERIALIZED ("
        " SELECT e.id AS id, e.issued_on AS issued_on FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid"
        f" WHERE entries_fts MATCH :m{where} ORDER BY entries_fts.rowid DESC LIMIT :window),"
        " s AS MATERIALIZED ("
        f" SELECT rowid AS id, bm25(entries_fts, {', '.join(map(str, WEIGHTS))}) AS score FROM entries_fts"
        " WHERE entries_fts MATCH :m AND rowid >= (SELECT min(id) FROM w)),"
        " p AS MATERIALIZED ("
        " SELECT rowid AS id FROM entries_fts WHERE :phrase IS NOT NULL AND entries_fts MATCH coalesce(:phrase, '')"
        " AND rowid >= (SELECT min(id) FROM w))"
        " SELECT w.id, (SELECT count(*) FROM w), s.score, p.id IS NOT NULL AS together"
        " FROM w JOIN s ON s.id = w.id LEFT JOIN p ON p.id = w.id"
        " ORDER BY together DESC, s.score, w.issued_on DESC, w.id DESC LIMIT :limit", params).fetchall()
    matched = rows[0][1] if rows else 0
    return Ranked([r[0] for r in rows], matched, matched >= window,
                  {r[0]: -r[2] + (1.0 if r[3] else 0.0) for r in rows})


def _token(value: str) -> str:
    return "".join(fold_words(value))


# ---------------------------------------------------------------------------------------------- SQLite index


def index_sqlite(raw: Any, ids: list[int] | None = None, *, remove: bool = False) -> int:
    """Add entries (all, or ``ids``) to SQLite's FTS5 table; ``raw`` is a sqlite3 connection. Returns the count.

    ``remove``: take them out instead, before their text changes. The table is contentless (SQLite 3.40 has
    no ``contentless_delete``), so a row leaves by FTS5's 'delete' command with the values it was indexed
    with, which are computed again here from the row's text as it still is.

    Rows with no text yet (a number given, files not stored) are left out; :func:`notices.register.issue.store`
    indexes a row when its text is stored.
    """
    from notices.vn.search import fold_for_index

    sql = "SELECT id, agency_id, year, kind, subject, content FROM entries WHERE content != ''"
    params: list[Any] = []
    if ids is not None:
        sql += f" AND id IN ({', '.join('?' for _ in ids)})"
        params = list(ids)
    count = 0
    cursor = raw.execute(sql, params)
    while batch := cursor.fetchmany(2000):
        raw.executemany(
            "INSERT INTO entries_fts (entries_fts, rowid, scope, subject, body) VALUES ('delete', ?, ?, ?, ?)"
            if remove else "INSERT INTO entries_fts (rowid, scope, subject, body) VALUES (?, ?, ?, ?)",
            [(i, f"a{agency} y{year} k{_token(kind)}", fold_for_index(subject), fold_for_index(content))
             for i, agency, year, kind, subject, content in batch])
        count += len(batch)
    return count


# ---------------------------------------------------------------------------------------------- excerpts


@dataclass(frozen=True)
class Excerpt:
    """A piece of a document's text, cut at word boundaries, and where the searched words are in it."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def marked(self, before: str = "[", after: str = "]") -> str:
        out, at = [], 0
        for start, end in self.marks:
            out += [self.text[at:start], before, self.text[start:end], after]
            at = end
        return "".join(out + [self.text[at:]])


class _Folding(dict):  # type: ignore[type-arg]
    """str.translate table folding one character into one: ``ệ`` → ``e``, ``Đ`` → ``d``."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = vn.fold(char)
        value = folded if len(folded) == 1 else char.lower()
        self[code] = value
        return value


_FOLDING = _Folding()
_VARIANTS: dict[str, str] = {}


def _variants() -> dict[str, str]:
    """Each folded letter and the characters that fold to it ('d' → 'dDđĐ', 'a' → 'aAàÀáÁ…')."""
    if not _VARIANTS:
        groups: dict[str, set[str]] = {}
        for code in [*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
            char = chr(code)
            folded = vn.fold(char)
            if len(folded) == 1 and folded.isascii() and folded.isalpha():
                groups.setdefault(folded, set()).add(char)
        _VARIANTS.update({k: "[" + "".join(sorted(v)) + "]" for k, v in groups.items()})
    return _VARIANTS


def _word_pattern(word: str, prefix: bool) -> str:
    classes = _variants()
    body = "".join(classes.get(c, re.escape(c)) for c in word)
    return body + (r"[^\W_]*" if prefix else r"(?![^\W_])")


@functools.lru_cache(maxsize=64)
def _patterns(query: Query) -> tuple[re.Pattern[str], re.Pattern[str] | None, int]:
    """The searched words (as written, any tones and case), the whole phrase, and the best line score."""
    prefixes = query.prefixes
    words = sorted(query.lexemes, key=len, reverse=True)
    any_word = re.compile(r"(?<![^\W_])(?:" + "|".join(_word_pattern(w, w in prefixes) for w in words) + ")")
    phrase = query.phrase()
    together = None
    if phrase:
        last = len(phrase.words) - 1
        together = re.compile(r"(?<![^\W_])" + r"[\W_]+".join(
            _word_pattern(w, phrase.prefix and i == last) for i, w in enumerate(phrase.words)))
    return any_word, together, len(query.lexemes) + (10 if together else 0)


def excerpt(content: str, query: Query, width: int = 200) -> Excerpt:
    """The line of ``content`` holding most searched words (a phrase counts most), cut around them at word
    boundaries, as written, with the searched words marked."""
    any_word, together, most = _patterns(query)
    best: tuple[int, str, list[tuple[int, int]]] = (0, "", [])
    skip = content.find("\n", content.find("\n") + 1) + 1  # after the number and its digits
    if skip <= 0:
        return Excerpt("")
    by_line: dict[int, list[tuple[int, int]]] = {}
    for match in any_word.finditer(content, skip):  # one pass over the text; then the lines that matched
        start = content.rfind("\n", 0, match.start()) + 1
        by_line.setdefault(start, []).append(match.span())
    for start, found in by_line.items():
        end = content.find("\n", start)
        line = content[start:end if end >= 0 else len(content)]
        spans = [(s - start, e - start) for s, e in found]
        score = len({line[s:e].translate(_FOLDING) for s, e in spans})
        if together and together.search(line):
            score += 10
        if score > best[0]:
            best = (score, line, spans)
            if score >= most:
                break
    score, line, spans = best
    if not score:
        return Excerpt("")
    if len(line) <= width:
        return Excerpt(line, tuple(spans))
    start = max(0, min(spans[0][0] - width // 3, len(line) - width))
    while start > 0 and (line[start - 1].isalnum() or not line[start].isalnum()) and start < spans[0][0]:
        start += 1  # never begin inside a word
    end = min(len(line), start + width)
    while end < len(line) and line[end].isalnum() and line[end - 1].isalnum() and end > spans[0][1]:
        end -= 1  # never end inside a word
    piece = line[start:end].strip()
    offset = start + (len(line[start:end]) - len(line[start:end].lstrip()))
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(line) else ""
    marks = tuple((s - offset + len(lead), e - offset + len(lead)) for s, e in spans
                  if s >= offset and e <= offset + len(piece))
    return Excerpt(lead + piece + tail, marks)
