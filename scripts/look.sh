#!/usr/bin/env bash
# Render every deliverable of the example company, convert them to PDF and to PNG
# pages, so that anyone can look at them as a customer or an auditor would.
#
#   bash scripts/look.sh [REPO] [OUT]     (default: examples/alpes-hebergement, build/look)
#
# Needs LibreOffice (soffice) and poppler (pdftoppm):
#   apt-get install libreoffice-writer-nogui poppler-utils
# Output: OUT/docx (Word), OUT/pdf (PDF), OUT/png/ID.LANG-N.png (one picture per page,
# 60 dpi), and OUT/index.txt listing every file with its page count.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
repo="${1:-$here/examples/alpes-hebergement}"
out="${2:-$here/build/look}"
itsmkit="$here/.venv/bin/itsmkit"
[ -x "$itsmkit" ] || itsmkit="$(command -v itsmkit)"

for tool in soffice pdftoppm pdfinfo; do
  if ! command -v "$tool" >/dev/null; then
    echo "look.sh: $tool is missing; install LibreOffice and poppler:" >&2
    echo "  apt-get install libreoffice-writer-nogui poppler-utils" >&2
    exit 2
  fi
done

rm -rf "$out"
mkdir -p "$out/docx" "$out/pdf" "$out/png"

echo "rendering every deliverable of $repo (fr and en) ..."
"$itsmkit" render all -C "$repo" --lang fr --lang en -f docx -f pdf -o "$out/render" >/dev/null
mv "$out"/render/*.docx "$out/docx/"
mv "$out"/render/*.pdf "$out/pdf/"
rm -rf "$out/render"

echo "running the mock audit (fr and en) ..."
for lang in fr en; do
  "$itsmkit" audit "$repo" --lang "$lang" -f docx -o "$out/docx/mock-audit.$lang.docx" 2>/dev/null
  "$itsmkit" audit "$repo" --lang "$lang" -f pdf -o "$out/pdf/mock-audit.$lang.pdf" 2>/dev/null
done

echo "drawing the pages ..."
: >"$out/index.txt"
for pdf in "$out"/pdf/*.pdf; do
  name="$(basename "$pdf" .pdf)"
  pages="$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')"
  size="$(pdfinfo "$pdf" | sed -n 's/^Page size: *//p')"
  pdftoppm -png -r 60 "$pdf" "$out/png/$name"
  printf '%-40s %3s pages  %s\n' "$name" "$pages" "$size" >>"$out/index.txt"
done

echo "done: $(ls "$out/pdf" | wc -l) PDF files, $(ls "$out/png" | wc -l) pages in $out/png"
echo "list: $out/index.txt"
