#if !NET9_0_OR_GREATER
namespace System;

/// <summary>
/// <c>Convert.ToHexStringLower</c> arrived in .NET 9. On .NET 8 this extension gives callers the same name in the
/// same namespace (polyfills live where the API they stand in for lives), so the calling code needs no conditional
/// compilation and loses the extension by itself once .NET 8 is dropped.
/// </summary>
internal static class ConvertPolyfill
{
    extension(Convert)
    {
        /// <summary>The bytes as lowercase hexadecimal digits, two per byte.</summary>
        public static string ToHexStringLower(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
    }
}
#endif
