using Letters.Handwriting.Pen;

namespace Letters.Handwriting;

/// <summary>
/// Fewer curves for the same line: a run of cubics that meet without a corner is replaced by single cubics wherever
/// one (the run's ends, its end tangents, handle lengths by least squares) stays within a tolerance of every point of
/// the run. A font traced from a pen spends dozens of short curves on a letter and a plotter font is a dense
/// polyline; every letter is written out bent, so what each one costs is the file's size and the time to write it.
/// The font styles' outlines and the pen styles' centre-lines both go through here.
/// </summary>
internal static class CurveFit
{
    /// <summary>Curves meeting within this (cosine of the turn, about 10°) are one smooth line.</summary>
    private const double SmoothCosine = 0.985;

    /// <summary>
    /// At most this many curves become one: each try samples the whole run again, so a longer run costs its square,
    /// and a single cubic rarely draws more than a few of a letter's curves within tolerance anyway.
    /// </summary>
    private const int MaxRun = 6;

    public static List<Cubic> Merge(IReadOnlyList<Cubic> curves, double tolerance)
    {
        var merged = new List<Cubic>(curves.Count / 2 + 1);
        var i = 0;
        while (i < curves.Count)
        {
            var best = curves[i];
            var j = i + 1;
            while (j < curves.Count && j - i < MaxRun && Smooth(curves[j - 1], curves[j]) && Fit(curves, i, j, tolerance) is { } fitted)
            {
                best = fitted;
                j++;
            }

            merged.Add(best);
            i = j;
        }

        return merged;
    }

    private static bool Smooth(Cubic a, Cubic b)
    {
        var (u, v) = (a.Tangent(1), b.Tangent(0));
        return (u.X * v.X) + (u.Y * v.Y) > SmoothCosine;
    }

    /// <summary>One cubic for curves first..last, or null where it strays past the tolerance.</summary>
    private static Cubic? Fit(IReadOnlyList<Cubic> curves, int first, int last, double tolerance)
    {
        var samples = new List<PenPoint>((last - first + 1) * 8);
        for (var k = first; k <= last; k++)
        {
            for (var s = k == first ? 0 : 1; s <= 8; s++)
            {
                samples.Add(curves[k].At(s / 8.0));
            }
        }

        var parameters = new double[samples.Count];
        for (var i = 1; i < samples.Count; i++)
        {
            parameters[i] = parameters[i - 1] + Distance(samples[i], samples[i - 1]);
        }

        var total = parameters[^1];
        if (total < 1e-9)
        {
            return null;
        }

        var (p0, p3) = (curves[first].A, curves[last].D);
        var t0 = curves[first].Tangent(0);
        var t1 = curves[last].Tangent(1);

        // C(u) = B0 p0 + B1 (p0 + a t0) + B2 (p3 - b t1) + B3 p3, least squares in a and b.
        double c00 = 0, c01 = 0, c11 = 0, x0 = 0, x1 = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            var u = parameters[i] /= total;
            var w = 1 - u;
            var (b0, b1, b2, b3) = (w * w * w, 3 * u * w * w, 3 * u * u * w, u * u * u);
            var (ax, ay) = (t0.X * b1, t0.Y * b1);
            var (bx, by) = (-t1.X * b2, -t1.Y * b2);
            var rx = samples[i].X - (((b0 + b1) * p0.X) + ((b2 + b3) * p3.X));
            var ry = samples[i].Y - (((b0 + b1) * p0.Y) + ((b2 + b3) * p3.Y));
            c00 += (ax * ax) + (ay * ay);
            c01 += (ax * bx) + (ay * by);
            c11 += (bx * bx) + (by * by);
            x0 += (ax * rx) + (ay * ry);
            x1 += (bx * rx) + (by * ry);
        }

        var determinant = (c00 * c11) - (c01 * c01);
        if (Math.Abs(determinant) < 1e-18)
        {
            return null;
        }

        var a = ((x0 * c11) - (x1 * c01)) / determinant;
        var b = ((c00 * x1) - (c01 * x0)) / determinant;
        if (a <= 0 || b <= 0)
        {
            return null;
        }

        var fitted = new Cubic(p0, new PenPoint(p0.X + (a * t0.X), p0.Y + (a * t0.Y)), new PenPoint(p3.X - (b * t1.X), p3.Y - (b * t1.Y)), p3);
        for (var i = 0; i < samples.Count; i++)
        {
            if (Distance(fitted.At(parameters[i]), samples[i]) > tolerance)
            {
                return null;
            }
        }

        return fitted;
    }

    private static double Distance(PenPoint a, PenPoint b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));
}
