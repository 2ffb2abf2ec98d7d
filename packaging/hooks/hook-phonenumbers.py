"""PyInstaller hook for phonenumbers, replacing the one in pyinstaller-hooks-contrib.

phonenumbers imports its per-region metadata lazily (``phonenumbers.data.region_SE`` the
first time a Swedish number is parsed), so an import scan finds none of it. The contrib hook
collects every submodule; this one collects the metadata that parsing, formatting and the
short-number checks read (``phonenumbers.data``, ``phonenumbers.shortdata``). The geocoder
data (``phonenumbers.geodata``, for country names) is imported statically by
``phonenumbers.geocoder``, so the scan finds it whenever SMS Desk imports the geocoder; the
carrier and time-zone data, which SMS Desk never imports, stay out.
"""

from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("phonenumbers.data") + collect_submodules(
    "phonenumbers.shortdata"
)
