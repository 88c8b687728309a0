"""Staff pages of the briefings: one module per resource.

Staff and supervisors read (view permission); only staff plan briefings and
record attendance. Facilitators see their own attendance under /me/.
"""
