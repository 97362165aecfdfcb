"""The desktop app: the only package that imports PyQt6. Start it with :func:`posecheck.app.application.run_app`."""
