entities --input iob2
