"""Pure maths on a trained model: probes, evaluation, attribution, unit images, health, lesions."""
