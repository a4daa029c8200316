#!/usr/bin/env python3
"""findings.py PAGE: prints the hand-written findings block of a results page (between
<!-- findings:begin --> and <!-- findings:end -->), or an empty one, so that a rewrite of the page's
tables keeps what a person wrote about them."""
import re, sys

EMPTY = "<!-- findings:begin -->\n(what the tables show: written by hand)\n<!-- findings:end -->"
try:
    m = re.search(r"<!-- findings:begin -->.*?<!-- findings:end -->", open(sys.argv[1]).read(), re.S)
    print(m.group(0) if m else EMPTY)
except FileNotFoundError:
    print(EMPTY)
