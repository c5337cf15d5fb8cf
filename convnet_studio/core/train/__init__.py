"""Training: config, the trainer loop and its hooks, optimizers, schedules, augmentation, devices, checkpoints."""
