using System;

namespace AttrTune.Samplers;

/// <summary>
/// The kernel hyperparameters, all on a log scale: one inverse squared lengthscale per input, the signal variance and
/// the noise variance.
/// </summary>
internal sealed record GpHyperparameters(double[] LogInverseSquaredLengthscales, double LogSignalVariance, double LogNoiseVariance)
{
    public int Count => LogInverseSquaredLengthscales.Length + 2;

    public double[] ToArray()
    {
        var theta = new double[Count];
        LogInverseSquaredLengthscales.CopyTo(theta, 0);
        theta[^2] = LogSignalVariance;
        theta[^1] = LogNoiseVariance;
        return theta;
    }

    public static GpHyperparameters FromArray(ReadOnlySpan<double> theta) => new(theta[..^2].ToArray(), theta[^2], theta[^1]);
}
