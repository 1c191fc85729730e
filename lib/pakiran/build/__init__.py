"""Build the offline HTML site: execute every report with papermill, render student and
teacher editions with nbconvert. Modules that the parent process needs (config, cache, header)
import nothing heavy, so a rebuild with nothing changed finishes before papermill is loaded."""
