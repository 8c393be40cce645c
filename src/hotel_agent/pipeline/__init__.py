"""The message path, top to bottom: intake → inbox → worker → turn → delivery (failures → DLQ).

This wing sits above the dialogue: it imports orchestrator/, never the reverse.
"""
