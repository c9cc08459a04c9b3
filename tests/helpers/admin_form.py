"""Submit an admin change form as a browser would: every field the page holds, as it holds it."""

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    """The successful controls of the page's first <form method="post"> (its id="…_form")."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data, self._in_form, self._select, self._textarea = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form or "name" not in attrs and tag != "option":
            return
        name = attrs.get("name")
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select, self._multiple, self._first, self._chosen = (
                name,
                "multiple" in attrs,
                None,
                False,
            )
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            self._first = value if self._first is None else self._first
            if "selected" in attrs:
                self._chosen = True
                self._add(self._select, value)
        elif tag == "textarea":
            self._textarea = name
            self.data.setdefault(name, [""])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select:
            if not self._chosen and not self._multiple and self._first is not None:
                self._add(self._select, self._first)  # what a browser sends: the first option
            self._select = None
        elif tag == "textarea" and self._textarea:
            value = self.data[self._textarea][-1]
            # A browser drops the newline right after <textarea> (Django writes one there).
            self.data[self._textarea][-1] = value[1:] if value.startswith("\n") else value
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)


def change_form_data(html):
    """{name: value or [values]} of the admin change form in `html`."""
    parser = _FormFields()
    parser.feed(html)
    return {name: values[0] if len(values) == 1 else values for name, values in parser.data.items()}
