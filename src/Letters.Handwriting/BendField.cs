namespace Letters.Handwriting;

/// <summary>
/// A smooth random displacement of the plane, a few sine waves of about a letter's size: applied to a letter's
/// points it bends the letter as a hand does (a bowl a little fuller, a stem a little bowed), differently every time
/// it is written. The pen styles bend their centre-lines with it, the font styles their outlines. Two waves in each
/// direction with a wavelength around the x-height, random in direction and phase: neighbouring points move
/// together, so the letter bends rather than jitters.
/// </summary>
internal readonly record struct BendField(double Amplitude, double A1, double B1, double C1, double A2, double B2, double C2, double A3, double B3, double C3, double A4, double B4, double C4)
{
    public static BendField Random(ref Rng rng, double amplitude, double xHeight)
    {
        var k = 2 * Math.PI / (xHeight * 1.6);
        double Frequency(ref Rng r) => k * r.Range(0.6, 1.3) * (r.NextDouble() < 0.5 ? -1 : 1);
        return new BendField(
            amplitude * rng.Range(0.7, 1.2),
            Frequency(ref rng), Frequency(ref rng), rng.Range(0, 2 * Math.PI),
            Frequency(ref rng), Frequency(ref rng), rng.Range(0, 2 * Math.PI),
            Frequency(ref rng), Frequency(ref rng), rng.Range(0, 2 * Math.PI),
            Frequency(ref rng), Frequency(ref rng), rng.Range(0, 2 * Math.PI));
    }

    public (double X, double Y) Bend(double x, double y) => (
        x + (Amplitude * (Sine((A1 * x) + (B1 * y) + C1) + (0.5 * Sine((A2 * x) + (B2 * y) + C2)))),
        y + (Amplitude * (Sine((A3 * x) + (B3 * y) + C3) + (0.5 * Sine((A4 * x) + (B4 * y) + C4)))));

    /// <summary>
    /// A smooth sine good to about 0.001, several times cheaper than Math.Sin: the field needs smoothness,
    /// not precision, and takes four per point. Pure arithmetic, so the same seed gives the same bytes.
    /// </summary>
    private static double Sine(double a)
    {
        // Reduce to [-π, π], then Bhaskara-style parabola with one refinement step.
        a -= 2 * Math.PI * Math.Floor((a + Math.PI) / (2 * Math.PI));
        var p = (4 / Math.PI * a) - (4 / (Math.PI * Math.PI) * a * Math.Abs(a));
        return (0.225 * ((p * Math.Abs(p)) - p)) + p;
    }
}
