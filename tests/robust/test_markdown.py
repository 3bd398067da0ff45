"""Issue 14, item 7: raw HTML (or any markup) in a record never reaches the Markdown news post as markup."""

from __future__ import annotations

from markdown_it import MarkdownIt

from notices.model import ArticleTitle, Document, Lead, Paragraph
from notices.writers.markdown import render


def tokens(markdown: str) -> list[str]:
    body = markdown.split("\n---\n", 1)[1]
    found = []
    for token in MarkdownIt("commonmark").parse(body):
        found.append(token.type)
        found += [child.type for child in token.children or ()]
    return found


def test_html_and_line_start_markup_stay_text():
    hostile = "<script>alert(1)</script>\n===\n- mục\n> trích\n1) một\n<!-- x -->"
    document = Document(kind="news", name="tin-bai", title="Tin",
                        blocks=(ArticleTitle("Tiêu đề <b>đậm</b>"), Lead(hostile), Paragraph(hostile)))
    markdown = render(document)
    kinds = tokens(markdown)
    assert "html_inline" not in kinds and "html_block" not in kinds
    assert kinds.count("heading_open") == 1  # only the title: "===" under a line made no heading
    assert "bullet_list_open" not in kinds and "ordered_list_open" not in kinds and "blockquote_open" not in kinds
    html = MarkdownIt("commonmark").render(markdown.split("\n---\n", 1)[1])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html


def test_a_title_with_a_line_break_keeps_both_lines():
    document = Document(kind="news", name="tin-bai", title="Tin", blocks=(ArticleTitle("Dòng một\n\nDòng hai"),))
    html = MarkdownIt("commonmark").render(render(document).split("\n---\n", 1)[1])
    assert html.startswith("<h1>Dòng một<br />") and "Dòng hai</h1>" in html
