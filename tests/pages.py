"""Helpers of the page tests: a form posted from the page it sits on, and what a page's input
holds."""

import re


def post_from(client, page, action, data, *, follow=True):
    """Post `data` to `action` from the form on `page` (its Referer), following back to it."""
    return client.post(action, data, HTTP_REFERER=f"http://testserver{page}", follow=follow)


def input_value(html, name):
    """The value the page's input named `name` holds ("" when none)."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return value.group(1) if value else ""
