"""The shapes of names in a question bank.

Question ids become the variable names analysts see, so they follow the rules
that SPSS, Stata and R all accept: a lower-case letter, then letters, digits
or underscores, at most 32 characters (Stata's limit, the strictest).
"""

from typing import Annotated

from pydantic import StringConstraints

QuestionId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
QuestionnaireId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]{1,40}$")]
Version = Annotated[str, StringConstraints(pattern=r"^[0-9]+(\.[0-9]+){0,2}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]

Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$")]
