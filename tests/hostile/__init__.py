"""The hostile corpus: requests, connections and files an attacker or a careless user sends.

``corpus.py`` makes every input (small to write down, none kept as a large file); each test module
asserts the limit the code enforces on it: a 4xx answer or a one-line ``LoadError`` naming the limit
and the setting that raises it, the store left byte for byte as it was, and the Bolt server still up.
Every change runs through it with the rest of the suite.

- ``test_queries.py``: fragments multiplying to millions of fields, validated in one pass;
- ``test_requests.py``: bodies that are not JSON objects, bodies over the limit (declared or chunked);
- ``test_export.py``: ``/export`` under GraphQL's node budget and time limit, typed arguments;
- ``test_bolt.py``: long ids against the real FalkorDB, a Bolt server down (``/health`` 503, the loop free);
- ``test_connections.py``: connections that send nothing or dribble their headers, on real uvicorn;
- ``test_files.py``: nesting, digits, priorities, alias bombs, long properties, gzip bombs, files over
  the size limit, a mapping's ``data:`` outside its folder;
- ``test_documents.py``: paragraphs past 999;
- ``test_store_file.py``: the store file's mode, one-line errors.
"""
