"""The middle layer: what the web pages and the command line share, between
them and the questionnaire core and storage. Banks as served (every version,
every language), languages and their words, modes and formats of collection,
codes, BSL video answers on disk, passwords, retention and backup.

Services may use the core, storage and the settings; never the web layer
(a test checks). The results and the export are services too, each a
package of its own (``survey.results``, ``survey.export``)."""
