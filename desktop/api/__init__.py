"""The BokaMera client on httpx: auth, send_sms, message_log, message types, typed errors."""
