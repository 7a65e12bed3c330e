namespace Letters.Handwriting;

/// <summary>
/// How a hand wanders while it writes in a font style: each letter's rotation, size, baseline and shear, and each
/// word's ink tone, pressure and size, as random walks (each value mostly the last one, nudged), so neighbours
/// resemble each other and nothing jumps. The byte writing is <see cref="GlyphWriter"/>'s.
/// </summary>
internal struct HandDrift
{
    // Published ranges for programmatic handwriting: rotation ±2.3°, scale 0.94–1.06, drift smoothed ≈ 0.65
    // from one letter to the next (a random walk, not white noise).
    private const double Smoothing = 0.65;
    private const double MaxRotation = 2.3 * Math.PI / 180;
    private const double RotationSigma = 1.5 * Math.PI / 180;
    private const double ScaleSigma = 0.012;
    private const double MinRepeatRotation = 0.7 * Math.PI / 180;

    /// <summary>A word's ink is up to 8% lighter or darker than the ink itself, in steps of 1%.</summary>
    public const double MaxTone = 0.08;

    public const int ToneSteps = 16;

    private double rotation;
    private double scale;
    private double tone;
    private double pressure;
    private double wordScale;

    public double BaselineOffset { get; private set; }
    public double Shear { get; private set; }

    /// <summary>The word's shade as an index into the ink's tones.</summary>
    public readonly int ToneIndex => (int)Math.Round((tone + MaxTone) * 100);

    /// <summary>The outline's width: a hair thicker where the pen pressed.</summary>
    public readonly double LineWidth(double size) => Math.Max((0.05 + pressure) * size / 20, 0.01);

    /// <summary>A new word: its tone, pressure and size.</summary>
    public void NextWord(ref Rng rng)
    {
        tone = Math.Clamp((0.7 * tone) + rng.Gaussian(0.03), -MaxTone, MaxTone);
        pressure = Math.Clamp((0.7 * pressure) + rng.Gaussian(0.025), -0.05, 0.06);

        // Size drifts word by word across the published 0.94–1.06; inside a word letters vary only ±1.5% around
        // it, because text extractors split a word whose letters change size by 5%.
        wordScale = Math.Clamp((0.6 * wordScale) + rng.Gaussian(0.03), -0.045, 0.045);
    }

    /// <summary>
    /// The next letter's rotation and scale. A letter repeating the one before (<paramref name="repeats"/>) never
    /// shares its transform: that is the tell of a font, so the second is pushed visibly away from the first.
    /// </summary>
    public (double Rotation, double Scale) NextGlyph(ref Rng rng, double size, double looseness, bool repeats, double previousRotation, double previousScale)
    {
        rotation = Math.Clamp((Smoothing * rotation) + ((1 - Smoothing) * rng.Gaussian(RotationSigma * looseness)), -MaxRotation * looseness, MaxRotation * looseness);
        scale = Math.Clamp((Smoothing * scale) + ((1 - Smoothing) * rng.Gaussian(ScaleSigma)), -0.015, 0.015);
        BaselineOffset = Math.Clamp((Smoothing * BaselineOffset) + ((1 - Smoothing) * rng.Gaussian(0.045 * size * looseness)), -0.07 * size, 0.07 * size);
        Shear = Math.Clamp((0.8 * Shear) + (0.2 * rng.Gaussian(0.05)), -0.08, 0.08);

        var glyphRotation = rotation;
        var glyphScale = 1 + wordScale + scale;
        if (repeats)
        {
            if (Math.Abs(glyphRotation - previousRotation) < MinRepeatRotation)
            {
                glyphRotation = previousRotation + (glyphRotation >= previousRotation ? MinRepeatRotation : -MinRepeatRotation);
            }

            if (Math.Abs(glyphScale - previousScale) < 0.012)
            {
                glyphScale = previousScale + (glyphScale >= previousScale ? 0.015 : -0.015);
            }
        }

        return (glyphRotation, glyphScale);
    }
}
