from kit import load_case
from kit.display import article_html
from kit.text import Article


def test_the_article_shows_every_sentence_with_its_number():
    case = load_case("wagner-convoy")
    page = article_html(case)
    assert "[p4]" in page and "[p7]" in page
    assert page.index("[t]") < page.index("Wagners convoy")  # the title labelled, as t.s1
    assert "Putin is condemning the Wagners.." in page
    assert page.count("class='kit-sid'") == len(case.article.sentences)


def test_article_text_is_escaped():
    case = load_case("wagner-convoy")
    hostile = Article.from_text("Title <b>x</b>\n\n<script>alert(1)</script> & more.")
    page = article_html(type(case)(id="x", title="t", article=hostile, meta={}, folder=case.folder))
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp; more" in page
