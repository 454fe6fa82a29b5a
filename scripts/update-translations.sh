#!/bin/sh
# After changing a page's text: extract the English source strings into messages.pot and merge
# them into each catalogue (new strings arrive untranslated; tests/web/pages/test_translations.py
# fails until every one has its Chinese). The .mo files are compiled by the app when stale.
set -eu
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
"$PYBABEL" extract -F babel.cfg -k _l --no-location --sort-output --omit-header \
    -o web/translations/messages.pot .
"$PYBABEL" update -i web/translations/messages.pot -d web/translations \
    --no-fuzzy-matching --ignore-obsolete
