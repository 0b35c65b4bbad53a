using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using AttrTune;
using AttrTune.Scheduling;
using AttrTune.SearchSpaces;
using MathNet.Numerics.LinearAlgebra;

namespace DigitsEarlyStopping;

/// <summary>One hidden layer, trained with mini-batch SGD and momentum.</summary>
[SearchSpace]
public partial record MlpConfig
{
    [LogUniform(1e-3, 1.0, Default = 0.05), Mutable]
    public double LearningRate { get; init; } = 0.05;

    [Uniform(0.0, 0.95, Step = 0.05, Default = 0.9), Mutable]
    public double Momentum { get; init; } = 0.9;

    [LogUniform(1e-6, 1e-2, Default = 1e-4), Mutable]
    public double WeightDecay { get; init; } = 1e-4;

    [IntRange(16, 128, Step = 16, Default = 64)]
    public int Hidden { get; init; } = 64;

    [Choice(16, 32, 64, 128, Default = 32)]
    public int BatchSize { get; init; } = 32;
}

/// <summary>The learning-rate-only space of the PBT experiment: everything else fixed at <see cref="MlpConfig"/>'s defaults.</summary>
[SearchSpace]
public partial record LearningRateConfig
{
    [LogUniform(1e-3, 1.0, Default = 0.05), Mutable]
    public double LearningRate { get; init; } = 0.05;

    public MlpConfig ToMlp() => MlpConfig.CreateDefault() with { LearningRate = LearningRate };
}

/// <summary>The digits data: 8x8 images scaled to [0, 1], split once into training and validation rows.</summary>
public sealed class Digits
{
    public Digits(string path, int seed = 7)
    {
        var rows = File.ReadLines(path).Skip(1).Select(line => line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var random = new Random(seed);
        int[] order = Enumerable.Range(0, rows.Length).OrderBy(_ => random.Next()).ToArray();
        int trainCount = (int)(rows.Length * 0.7);
        (TrainX, TrainY) = Build(rows, order.Take(trainCount).ToArray());
        (ValidX, ValidY) = Build(rows, order.Skip(trainCount).ToArray());
    }

    public Matrix<double> TrainX { get; }

    public int[] TrainY { get; }

    public Matrix<double> ValidX { get; }

    public int[] ValidY { get; }

    private static (Matrix<double>, int[]) Build(double[][] rows, int[] indices) =>
        (Matrix<double>.Build.Dense(indices.Length, 64, (i, j) => rows[indices[i]][j] / 16.0), indices.Select(i => (int)rows[i][64]).ToArray());
}

/// <summary>The MLP as a trainable: one step is one epoch; the metric is validation accuracy.</summary>
public sealed class MlpTrainable : ITrainable<MlpConfig>
{
    private readonly Digits _data;
    private readonly int _seed;
    private MlpConfig _config = MlpConfig.CreateDefault();
    private Matrix<double> _w1 = null!, _w2 = null!, _v1 = null!, _v2 = null!;
    private Vector<double> _b1 = null!, _b2 = null!, _u1 = null!, _u2 = null!;
    private int _epoch;

    public MlpTrainable(Digits data, int seed)
    {
        _data = data;
        _seed = seed;
    }

    /// <summary>Epochs trained so far (what early stopping saves).</summary>
    public int Epoch => _epoch;

    public void Setup(MlpConfig config)
    {
        _config = config;
        var random = new Random(_seed);
        double scale1 = Math.Sqrt(2.0 / 64), scale2 = Math.Sqrt(2.0 / config.Hidden);
        _w1 = Matrix<double>.Build.Dense(64, config.Hidden, (_, _) => Gaussian(random) * scale1);
        _w2 = Matrix<double>.Build.Dense(config.Hidden, 10, (_, _) => Gaussian(random) * scale2);
        _b1 = Vector<double>.Build.Dense(config.Hidden);
        _b2 = Vector<double>.Build.Dense(10);
        _v1 = Matrix<double>.Build.Dense(64, config.Hidden);
        _v2 = Matrix<double>.Build.Dense(config.Hidden, 10);
        _u1 = Vector<double>.Build.Dense(config.Hidden);
        _u2 = Vector<double>.Build.Dense(10);
        _epoch = 0;
    }

    public IReadOnlyDictionary<string, double> Step(CancellationToken cancellationToken)
    {
        var random = new Random(_seed * 7919 + _epoch);
        int n = _data.TrainX.RowCount;
        int[] order = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
        double loss = 0;
        for (int start = 0; start < n; start += _config.BatchSize)
        {
            int[] batch = order.Skip(start).Take(_config.BatchSize).ToArray();
            Matrix<double> x = Matrix<double>.Build.Dense(batch.Length, 64, (i, j) => _data.TrainX[batch[i], j]);
            (Matrix<double> z1, Matrix<double> a1, Matrix<double> p) = Forward(x);
            Matrix<double> dz2 = p.Clone();
            for (int i = 0; i < batch.Length; i++)
            {
                int label = _data.TrainY[batch[i]];
                loss -= Math.Log(Math.Max(p[i, label], 1e-12));
                dz2[i, label] -= 1;
            }

            dz2 = dz2.Divide(batch.Length);
            Matrix<double> dw2 = a1.TransposeThisAndMultiply(dz2) + _w2.Multiply(_config.WeightDecay);
            Vector<double> db2 = dz2.ColumnSums();
            Matrix<double> dz1 = dz2.TransposeAndMultiply(_w2).PointwiseMultiply(z1.Map(v => v > 0 ? 1.0 : 0.0));
            Matrix<double> dw1 = x.TransposeThisAndMultiply(dz1) + _w1.Multiply(_config.WeightDecay);
            Vector<double> db1 = dz1.ColumnSums();
            _v1 = _v1.Multiply(_config.Momentum) - dw1.Multiply(_config.LearningRate);
            _v2 = _v2.Multiply(_config.Momentum) - dw2.Multiply(_config.LearningRate);
            _u1 = _u1.Multiply(_config.Momentum) - db1.Multiply(_config.LearningRate);
            _u2 = _u2.Multiply(_config.Momentum) - db2.Multiply(_config.LearningRate);
            _w1 += _v1;
            _w2 += _v2;
            _b1 += _u1;
            _b2 += _u2;
        }

        _epoch++;
        Matrix<double> probabilities = Forward(_data.ValidX).P;
        int correct = Enumerable.Range(0, probabilities.RowCount).Count(i => probabilities.Row(i).MaximumIndex() == _data.ValidY[i]);
        double accuracy = (double)correct / probabilities.RowCount;
        return new Dictionary<string, double> { ["accuracy"] = accuracy, ["loss"] = double.IsFinite(loss) ? loss / n : double.MaxValue, ["lr"] = _config.LearningRate };
    }

    public byte[] Save()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(_epoch);
            foreach (double value in new[] { _w1, _w2, _v1, _v2 }.SelectMany(m => m.ToColumnMajorArray()).Concat(new[] { _b1, _b2, _u1, _u2 }.SelectMany(v => v.ToArray())))
            {
                writer.Write(value);
            }
        }

        return stream.ToArray();
    }

    public void Restore(byte[] checkpoint)
    {
        using var reader = new BinaryReader(new MemoryStream(checkpoint));
        _epoch = reader.ReadInt32();
        Matrix<double> Read(int rows, int columns) => Matrix<double>.Build.Dense(rows, columns, Enumerable.Range(0, rows * columns).Select(_ => reader.ReadDouble()).ToArray());
        Vector<double> ReadVector(int length) => Vector<double>.Build.Dense(Enumerable.Range(0, length).Select(_ => reader.ReadDouble()).ToArray());
        int hidden = _config.Hidden;
        _w1 = Read(64, hidden);
        _w2 = Read(hidden, 10);
        _v1 = Read(64, hidden);
        _v2 = Read(hidden, 10);
        _b1 = ReadVector(hidden);
        _b2 = ReadVector(10);
        _u1 = ReadVector(hidden);
        _u2 = ReadVector(10);
    }

    public void Dispose()
    {
    }

    private (Matrix<double> Z1, Matrix<double> A1, Matrix<double> P) Forward(Matrix<double> x)
    {
        Matrix<double> z1 = x * _w1;
        z1.MapIndexedInplace((_, j, v) => v + _b1[j]);
        Matrix<double> a1 = z1.Map(v => v > 0 ? v : 0);
        Matrix<double> z2 = a1 * _w2;
        z2.MapIndexedInplace((_, j, v) => v + _b2[j]);
        for (int i = 0; i < z2.RowCount; i++)
        {
            double max = z2.Row(i).Maximum();
            double sum = 0;
            for (int j = 0; j < 10; j++)
            {
                double e = Math.Exp(z2[i, j] - max);
                z2[i, j] = e;
                sum += e;
            }

            for (int j = 0; j < 10; j++)
            {
                z2[i, j] /= sum;
            }
        }

        return (z1, a1, z2);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
