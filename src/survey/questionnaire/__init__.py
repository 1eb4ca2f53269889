"""The questionnaire core: question banks, question types and routing.

Pure Python: no web framework, database or template imports (a test checks).
"""

from .journey import Journey
from .loader import Loaded, LoadError, Problem, load_directory, load_file, load_files, parse
from .schema import Questionnaire, Section

__all__ = ["Journey", "LoadError", "Loaded", "Problem", "Questionnaire", "Section", "load_directory", "load_file", "load_files", "parse"]
