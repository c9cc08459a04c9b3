"""Code every app needs: sanitiser, validators, base models, page-section registry.

Nothing here imports a domain app, so importing it never pulls in the site.
"""
