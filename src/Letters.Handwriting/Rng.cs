namespace Letters.Handwriting;

/// <summary>
/// SplitMix64: tiny, fast and fully specified, so the same seed gives the same letter on every machine and
/// every .NET version (System.Random's seeded sequence is an implementation detail).
/// </summary>
internal struct Rng(ulong seed)
{
    private ulong state = seed;

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Range(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>
    /// Roughly normal (sum of three uniforms), bounded to ±3σ, which is what handwriting wants. The three
    /// uniforms are 21-bit slices of one draw: this is called several times per glyph.
    /// </summary>
    public double Gaussian(double sigma)
    {
        var bits = NextUInt64();
        const double scale = 1.0 / (1 << 21);
        var sum = ((bits & 0x1FFFFF) + ((bits >> 21) & 0x1FFFFF) + ((bits >> 42) & 0x1FFFFF)) * scale;
        return (sum - 1.5) * 2 * sigma;
    }
}
