"""
The one way tools/espruino's patches change the extracted Espruino source: replace text that must occur exactly
once, else stop the build with the file and the text (a new Espruino version moved it).
"""
import sys


def patch(root, who, rel, old, new):
    path = root + "/" + rel
    text = open(path).read()
    if text.count(old) != 1:
        sys.exit("%s: %s: expected exactly one %r" % (who, rel, old))
    open(path, "w").write(text.replace(old, new))
