"""The time-lapse of a run: filters, feature maps and probabilities of the probe image at log-spaced steps.

``schedule`` plans the steps, ``recorder`` (a trainer hook, torch) writes frames under
``<run_dir>/timelapse/``, ``store`` reads them back with numpy only (the GUI thread may
use it), ``export`` renders a replay as an animated GIF or PNG frames (Pillow).
"""
