public enum GeoIOPlaceholder {}
