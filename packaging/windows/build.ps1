# Build the Windows installer (run on Windows, from the repository root, in PowerShell):
#   python -m venv .venv; .venv\Scripts\pip install -e . pyinstaller
#   powershell -File packaging\windows\build.ps1
$ErrorActionPreference = "Stop"
$version = (& .venv\Scripts\python -c "import rampwin_desktop; print(rampwin_desktop.__version__)")
& .venv\Scripts\python -m PyInstaller --noconfirm --distpath build\dist --workpath build\work packaging\rampwin-desktop.spec
& build\dist\rampwin-desktop\rampwin-desktop.exe --self-test
if ($LASTEXITCODE -ne 0) { throw "self-test failed" }
New-Item -ItemType Directory -Force dist | Out-Null
& makensis /DVERSION=$version /DSOURCE=build\dist\rampwin-desktop /DOUTFILE=..\..\dist\rampwin-desktop-$version-setup.exe packaging\windows\rampwin-desktop.nsi
