-- A throw-away Prosody configuration for gen.py: accounts are written under PROSODY_DATA.
data_path = os.getenv("PROSODY_DATA")
pidfile = os.getenv("PROSODY_DATA") .. "/prosody.pid"
authentication = "internal_hashed"
storage = "internal"
log = { error = os.getenv("PROSODY_DATA") .. "/error.log" }
modules_enabled = { }
VirtualHost "example.com"
