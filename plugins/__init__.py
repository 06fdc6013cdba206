"""Safe Harbour's Pelican plugins: thin adapters between Pelican and the pure `anonymiser` package.

Each sub-package with a `register()` is a plugin listed in `pelicanconf.PLUGINS`;
`plugins.common` holds what they share (settings, the story schema) and is not a plugin.
"""
