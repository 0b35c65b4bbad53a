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

/// <summary>
/// One to three hidden layers, each with its own width ([RepeatedBy]: Layer holds exactly Layers items), trained with
/// mini-batch SGD and momentum.
/// </summary>
[SearchSpace]
public partial record MlpConfig
{
    [LogUniform(1e-3, 1.0, Default = 0.05), Mutable]
    public double LearningRate { get; init; } = 0.05;

    [Uniform(0.0, 0.95, Step = 0.05, Default = 0.9), Mutable]
    public double Momentum { get; init; } = 0.9;

    [LogUniform(1e-6, 1e-2, Default = 1e-4), Mutable]
    public double WeightDecay { get; init; } = 1e-4;

    [IntRange(1, 3, Default = 1)]
    public int Layers { get; init; } = 1;

    [RepeatedBy(nameof(Layers))]
    public IReadOnlyList<HiddenLayer> Layer { get; init; } = [new HiddenLayer()];

    [Choice(16, 32, 64, 128, Default = 32)]
    public int BatchSize { get; init; } = 32;
}

/// <summary>One hidden layer of <see cref="MlpConfig"/>: its width.</summary>
[SearchSpace]
public partial record HiddenLayer
{
    [IntRange(16, 128, Step = 16, Default = 64)]
    public int Units { get; init; } = 64;
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
    // Per weight layer (inputs to the first hidden layer, ..., last hidden layer to the 10 outputs): weights, biases
    // and their momentum.
    private Matrix<double>[] _w = [], _v = [];
    private Vector<double>[] _b = [], _u = [];
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
        int[] sizes = Sizes(config);
        int count = sizes.Length - 1;
        _w = new Matrix<double>[count];
        for (int l = 0; l < count; l++)
        {
            double scale = Math.Sqrt(2.0 / sizes[l]);
            _w[l] = Matrix<double>.Build.Dense(sizes[l], sizes[l + 1], (_, _) => Gaussian(random) * scale);
        }

        _b = Enumerable.Range(0, count).Select(l => Vector<double>.Build.Dense(sizes[l + 1])).ToArray();
        _v = Enumerable.Range(0, count).Select(l => Matrix<double>.Build.Dense(sizes[l], sizes[l + 1])).ToArray();
        _u = Enumerable.Range(0, count).Select(l => Vector<double>.Build.Dense(sizes[l + 1])).ToArray();
        _epoch = 0;
    }

    public IReadOnlyDictionary<string, double> Step(CancellationToken cancellationToken)
    {
        var random = new Random(_seed * 7919 + _epoch);
        int n = _data.TrainX.RowCount;
        int[] order = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
        double loss = 0;
        int count = _w.Length;
        for (int start = 0; start < n; start += _config.BatchSize)
        {
            int[] batch = order.Skip(start).Take(_config.BatchSize).ToArray();
            Matrix<double> x = Matrix<double>.Build.Dense(batch.Length, 64, (i, j) => _data.TrainX[batch[i], j]);
            (Matrix<double>[] z, Matrix<double>[] a, Matrix<double> p) = Forward(x);
            Matrix<double> dz = p.Clone();
            for (int i = 0; i < batch.Length; i++)
            {
                int label = _data.TrainY[batch[i]];
                loss -= Math.Log(Math.Max(p[i, label], 1e-12));
                dz[i, label] -= 1;
            }

            dz = dz.Divide(batch.Length);
            var dw = new Matrix<double>[count];
            var db = new Vector<double>[count];
            for (int l = count - 1; l >= 0; l--)
            {
                dw[l] = a[l].TransposeThisAndMultiply(dz) + _w[l].Multiply(_config.WeightDecay);
                db[l] = dz.ColumnSums();
                if (l > 0)
                {
                    dz = dz.TransposeAndMultiply(_w[l]).PointwiseMultiply(z[l - 1].Map(v => v > 0 ? 1.0 : 0.0));
                }
            }

            for (int l = 0; l < count; l++)
            {
                _v[l] = _v[l].Multiply(_config.Momentum) - dw[l].Multiply(_config.LearningRate);
                _u[l] = _u[l].Multiply(_config.Momentum) - db[l].Multiply(_config.LearningRate);
                _w[l] += _v[l];
                _b[l] += _u[l];
            }
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
            foreach (double value in _w.Concat(_v).SelectMany(m => m.ToColumnMajorArray()).Concat(_b.Concat(_u).SelectMany(v => v.ToArray())))
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
        int[] sizes = Sizes(_config);
        int count = sizes.Length - 1;
        _w = Enumerable.Range(0, count).Select(l => Read(sizes[l], sizes[l + 1])).ToArray();
        _v = Enumerable.Range(0, count).Select(l => Read(sizes[l], sizes[l + 1])).ToArray();
        _b = Enumerable.Range(0, count).Select(l => ReadVector(sizes[l + 1])).ToArray();
        _u = Enumerable.Range(0, count).Select(l => ReadVector(sizes[l + 1])).ToArray();
    }

    public void Dispose()
    {
    }

    // The widths: 64 inputs, each hidden layer's units, 10 outputs.
    private static int[] Sizes(MlpConfig config) => [64, .. config.Layer.Select(l => l.Units), 10];

    // Z: each hidden layer's pre-activations; A: the input to each weight layer (the data, then the hidden ReLUs);
    // P: the softmax outputs.
    private (Matrix<double>[] Z, Matrix<double>[] A, Matrix<double> P) Forward(Matrix<double> x)
    {
        int count = _w.Length;
        var z = new Matrix<double>[count - 1];
        var a = new Matrix<double>[count];
        a[0] = x;
        Matrix<double> output = null!;
        for (int l = 0; l < count; l++)
        {
            Matrix<double> pre = a[l] * _w[l];
            Vector<double> bias = _b[l];
            pre.MapIndexedInplace((_, j, v) => v + bias[j]);
            if (l < count - 1)
            {
                z[l] = pre;
                a[l + 1] = pre.Map(v => v > 0 ? v : 0);
            }
            else
            {
                output = pre;
            }
        }

        for (int i = 0; i < output.RowCount; i++)
        {
            double max = output.Row(i).Maximum();
            double sum = 0;
            for (int j = 0; j < 10; j++)
            {
                double e = Math.Exp(output[i, j] - max);
                output[i, j] = e;
                sum += e;
            }

            for (int j = 0; j < 10; j++)
            {
                output[i, j] /= sum;
            }
        }

        return (z, a, output);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
