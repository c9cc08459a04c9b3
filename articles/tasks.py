"""The task worker's jobs for articles: a policy memo's PDF made from its text (articles.pdf)."""

import logging

from django.core.files.base import ContentFile
from django_tasks import task

from core.typeset import TypesetError, timed_typeset

logger = logging.getLogger(__name__)


@task()
def make_memo_pdf(article_id):
    """Typeset the memo's PDF if what it shows changed since the last one; record why not when
    the typesetter cannot run (the admin shows it)."""
    from .models import Article
    from .pdf import TEMPLATE, figure_files, fingerprint, memo_data

    article = (
        Article.objects.with_bylines().select_related("category").filter(pk=article_id).first()
    )
    if article is None or not article.wants_generated_pdf:
        return "no PDF wanted"
    digest = fingerprint(article)
    if digest == article.pdf_fingerprint:
        return "up to date"
    old = article.pdf_generated.name
    try:
        pdf, seconds = timed_typeset(TEMPLATE, memo_data(article), figure_files(article))
    except TypesetError as exc:
        logger.warning("No PDF for memo %s: %s", article.pk, exc)
        article.pdf_problem = str(exc)[:500]
        outcome = f"no PDF: {exc}"
    else:
        article.pdf_generated.save("memo.pdf", ContentFile(pdf), save=False)
        article.pdf_problem = ""
        outcome = f"{len(pdf)} bytes in {seconds:.2f} s"
        logger.info("Memo %s: PDF made from the text, %s", article.pk, outcome)
    article.pdf_fingerprint = digest
    # `updated` too: the page changed (it offers the PDF), and what is kept of the article
    # (its page, its card: core.pagecache) is kept under it.
    article.save(update_fields=["pdf_generated", "pdf_problem", "pdf_fingerprint", "updated"])
    if old and old != article.pdf_generated.name:
        article.pdf_generated.storage.delete(old)
    return outcome


def queue_memo_pdf(sender, instance, **kwargs):
    """content_changed receiver: a published memo without an uploaded PDF gets one made, in the
    change's transaction (a queued row with the database backend; the worker typesets it)."""
    if instance.pk and instance.wants_generated_pdf:
        make_memo_pdf.enqueue(instance.pk)
