"""Sync a workshop through a git remote, and read many workshops' remotes (province view).

- ``gitrepo``  the git side (dulwich): the local sync repository, trees of bundle files,
  fetch and push over a path, ``file://`` or smart HTTP(S); reading a tree trusts nothing
- ``merge``    the three-way merge of records, field by field with the store's conflict rule
- ``engine``   ``sync()``: commit, fetch, merge, store, push; each step safe to interrupt
- ``commands`` ``sop-workshop sync`` (messages in Bahasa Indonesia)

See ``docs/sync.md``.
"""
