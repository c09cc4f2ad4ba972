"""WhatsApp's and Rampwin's limits for reply-button messages.

Where each number comes from is written down in docs/limits.md; change both together.
"""

from typing import Final

BODY_MAX: Final = 1024
FOOTER_MAX: Final = 60
HEADER_TEXT_MAX: Final = 60
BUTTONS_MIN: Final = 1
BUTTONS_MAX: Final = 3
BUTTON_TITLE_MAX: Final = 20
BUTTON_ID_MAX: Final = 256

# Sizes in bytes. Rampwin and Meta say "MB"; we read it as the smaller decimal
# megabyte so a file we accept is never refused by the server for its size.
MB: Final = 1_000_000
IMAGE_MAX_BYTES: Final = 5 * MB
VIDEO_MAX_BYTES: Final = 16 * MB
DOCUMENT_MAX_BYTES: Final = 100 * MB
