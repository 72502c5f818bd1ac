"""Industrial chains as data: YAML definitions, rule compiler, classification, explanation, evaluation."""
