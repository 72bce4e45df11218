// The page's colours, in one place: swap this table for the shared palette file when it lands.
// Keys are the values the API's layers carry (tier, ring class position, transfer rating, isochrone band).
window.MetroPalette = {
  background: "#eef1f4",
  districtOutline: "#59636e",
  districtUnrated: "#d9dde2",
  // Ring classes, nearest first: ≤budget/2, ≤3·budget/4, ≤budget, >budget.
  ringClasses: ["#1a9850", "#91cf60", "#fee08b", "#d9d9d9"],
  circleOutline: "#c0392b",
  tiers: {
    trunk: "#1f3a93",
    intercity: "#8e44ad",
    suburban: "#16a085",
    metro: "#e67e22",
    other: "#7f8c8d",
  },
  ratings: {
    zero_distance: "#1a9850",
    acceptable: "#4575b4",
    poor: "#f46d43",
    disconnected: "#a50026",
  },
  // Isochrone bands, shortest cutoff first.
  isochrone: ["#08306b", "#2171b5", "#6baed6", "#c6dbef", "#deebf7", "#f7fbff", "#f7fbff", "#f7fbff"],
};
