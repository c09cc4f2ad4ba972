#!/usr/bin/env bash
# Build dist/rampwin-desktop_<version>_amd64.deb from the PyInstaller one-folder build.
# Run from anywhere, with the project installed in .venv (the README's install command):
#   bash packaging/linux/build-deb.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
python=${PYTHON:-.venv/bin/python}
version=$("$python" -c 'import rampwin_desktop; print(rampwin_desktop.__version__)')
arch=$(dpkg --print-architecture)
name="rampwin-desktop_${version}_${arch}"
stage="build/deb/$name"

"$python" -m pip install -q "pyinstaller>=6.10"
"$python" -m PyInstaller --noconfirm --log-level WARN --distpath build/dist --workpath build/work \
  packaging/rampwin-desktop.spec

rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
  "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/share/metainfo" \
  "$stage/usr/share/doc/rampwin-desktop"
cp -a build/dist/rampwin-desktop "$stage/opt/rampwin-desktop"
ln -s /opt/rampwin-desktop/rampwin-desktop "$stage/usr/bin/rampwin-desktop"
install -m 644 packaging/linux/rampwin-desktop.desktop "$stage/usr/share/applications/"
install -m 644 resources/icons/rampwin-desktop.svg "$stage/usr/share/icons/hicolor/scalable/apps/"
"$python" packaging/linux/render_icons.py resources/icons/rampwin-desktop.svg \
  "$stage/usr/share/icons/hicolor"
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$(date -u +%Y-%m-%d)/" \
  packaging/linux/com.rampwin.Desktop.metainfo.xml > "$stage/usr/share/metainfo/com.rampwin.Desktop.metainfo.xml"
cat > "$stage/usr/share/doc/rampwin-desktop/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: rampwin-desktop

Files: *
Copyright: 2026 Rampwin Desktop developers
License: MIT
Comment: Bundles Qt and PySide6 (LGPL-3.0), Python (PSF) and the Python packages listed
 in /opt/rampwin-desktop/_internal/*.dist-info, each under its own licence.
COPYRIGHT
mkdir -p "$stage/usr/share/man/man1"
cat > "$stage/usr/share/man/man1/rampwin-desktop.1" <<MAN
.TH RAMPWIN-DESKTOP 1 "$(date -u +%Y-%m-%d)" "$version" "User Commands"
.SH NAME
rampwin-desktop \- compose, preview and send WhatsApp interactive button messages
.SH SYNOPSIS
.B rampwin-desktop
[\-\-sandbox] [\-\-config-dir DIR] [\-\-self-test]
.br
.B rampwin-desktop send
[OPTIONS]
.br
.B rampwin-desktop sandbox
[\-\-port N] [\-\-api-key KEY]
.br
.B rampwin-desktop key-status
[\-\-profile NAME] [\-\-json]
.SH DESCRIPTION
Without a command, opens the composer window. \fBsend\fR sends one message from the
command line (see \fBrampwin-desktop send \-\-help\fR); \fBsandbox\fR runs a local test
server; \fBkey-status\fR says whether the keyring holds an API key for a profile (never
the key). The API key is read from \fBRAMPWIN_API_KEY\fR or the system keyring.
MAN
gzip -9n "$stage/usr/share/man/man1/rampwin-desktop.1"
printf 'rampwin-desktop (%s) stable; urgency=medium\n\n  * Release %s.\n\n -- Rampwin Desktop developers <desktop@rampwin.invalid>  %s\n' \
  "$version" "$version" "$(date -u -R)" | gzip -9n > "$stage/usr/share/doc/rampwin-desktop/changelog.gz"
find "$stage" -type d -exec chmod 755 {} +
find "$stage/opt" -type f -name '*.so*' -exec chmod 644 {} +
installed_kb=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: rampwin-desktop
Version: $version
Section: net
Priority: optional
Architecture: $arch
Maintainer: Rampwin Desktop developers <desktop@rampwin.invalid>
Installed-Size: $installed_kb
Depends: libc6 (>= 2.31), libegl1, libgl1, libfontconfig1, libfreetype6, libdbus-1-3, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, libxcb-randr0, libxcb-shape0, libxcb-xinerama0, libxcb-xkb1, libx11-xcb1
Recommends: gnome-keyring | kwalletmanager, fonts-noto-color-emoji
Homepage: https://api.rampwin.com
Description: compose, preview and send WhatsApp interactive button messages
 Rampwin Desktop designs WhatsApp messages with a header image, formatted text,
 a footer and up to three reply buttons, shows them as a phone would while you
 type, and sends them through the Rampwin API. The API key stays in the system
 keyring.
CONTROL
mkdir -p dist
# xz at level 9: about 1.5 MB smaller than dpkg's default 6, for a minute more of build.
dpkg-deb --build --root-owner-group -Zxz -z9 "$stage" "dist/$name.deb" >/dev/null
echo "built dist/$name.deb: $(du -h "dist/$name.deb" | cut -f1), installed size ${installed_kb} KB"
