"""The review's exports: CSV, JSON and the PDF for the patient file, written off the UI thread."""
