"""Sections that the apps above the register add to the kelurahan page.

The register imports none of them (apps depend one way, from the ground up):
each app appends a function when it loads; the function takes the kelurahan and
returns the context of its section, with the `template` that shows it.
"""

kelurahan_panels: list = []
