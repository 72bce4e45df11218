public enum GeoGEOSPlaceholder {}
