#!/usr/bin/env bash
# Render SOPs as Word and HTML and turn every page into a PNG, so a person can look at them.
#
#   tools/render_documents.sh OUTDIR [SOP.yaml ...]
#
# Without SOP files: a short template (9 steps), one of 12 steps with a loop back, and the
# 26-step fixture that runs over pages. For each SOP: OUTDIR/NAME.docx (sop-workshop export
# --format docx), converted to NAME-docx.pdf by LibreOffice headless where `soffice` exists
# (Debian: apt-get install libreoffice-writer-nogui poppler-utils), OUTDIR/NAME.html printed
# to NAME-html.pdf by headless Chromium where `chromium` exists, and every PDF page as
# NAME-docx-N.png / NAME-html-N.png (pdftoppm). Prints the page count of each PDF.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: tools/render_documents.sh OUTDIR [SOP.yaml ...]}
shift
if [ $# -eq 0 ]; then
  set -- "$here/templates/sop/permintaan-atk.yaml" \
         "$here/templates/sop/penilaian-kinerja-pegawai.yaml" \
         "$here/tests/data/sop/panjang-26-langkah.yaml"
fi
python=${PYTHON:-python3}
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
for sop in "$@"; do
  name=$(basename "$sop" .yaml)
  "$python" -m workshop export "$sop" --format docx -o "$out/$name.docx" >/dev/null
  "$python" -m workshop export "$sop" --format html -o "$out/$name.html" >/dev/null
  if command -v soffice >/dev/null; then
    soffice "-env:UserInstallation=file://$profile/lo" --headless --convert-to pdf \
      --outdir "$profile" "$out/$name.docx" >/dev/null 2>&1
    mv "$profile/$name.pdf" "$out/$name-docx.pdf"
  else
    echo "soffice tidak ada: $name.docx tidak dirender" >&2
  fi
  if command -v chromium >/dev/null; then
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
      --print-to-pdf="$out/$name-html.pdf" "file://$out/$name.html" >/dev/null 2>&1 || true
  fi
  for pdf in "$out/$name-docx.pdf" "$out/$name-html.pdf"; do
    [ -f "$pdf" ] || continue
    if command -v pdftoppm >/dev/null; then
      pdftoppm -r 60 -png "$pdf" "${pdf%.pdf}"
    fi
    pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    echo "$(basename "$pdf"): ${pages:-?} halaman"
  done
done
