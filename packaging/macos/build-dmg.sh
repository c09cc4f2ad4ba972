#!/usr/bin/env bash
# Build "Rampwin Desktop.app" and a .dmg (run on macOS, from anywhere):
#   python3 -m venv .venv && .venv/bin/pip install -e . pyinstaller && bash packaging/macos/build-dmg.sh
# Signing and notarisation run only when their secrets are in the environment (never committed):
#   MACOS_SIGN_IDENTITY   "Developer ID Application: …" in the login keychain
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD   for `xcrun notarytool`
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
version=$(.venv/bin/python -c 'import rampwin_desktop; print(rampwin_desktop.__version__)')
app="build/dist/Rampwin Desktop.app"
.venv/bin/python -m PyInstaller --noconfirm --distpath build/dist --workpath build/work \
  packaging/rampwin-desktop.spec
"$app/Contents/MacOS/rampwin-desktop" --self-test
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp --sign "$MACOS_SIGN_IDENTITY" "$app"
  codesign --verify --deep --strict "$app"
fi
mkdir -p dist
dmg="dist/rampwin-desktop-$version.dmg"
rm -f "$dmg"
hdiutil create -volname "Rampwin Desktop" -srcfolder "$app" -ov -format UDZO "$dmg"
if [ -n "${APPLE_ID:-}" ] && [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --sign "$MACOS_SIGN_IDENTITY" --timestamp "$dmg"
  xcrun notarytool submit "$dmg" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
    --password "$APPLE_APP_PASSWORD" --wait
  xcrun stapler staple "$dmg"
fi
echo "built $dmg"
